"""The only code that opens files: raw workbooks and CSVs, the processed tables, catalogues, templates."""
