"""Pure cleaning: parse raw cells, resolve catalogue values, validate against the schemas, reconcile
datasets. Takes DataFrames and returns DataFrames; never opens a file."""
