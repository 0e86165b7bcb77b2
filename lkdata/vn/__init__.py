"""Vietnamese language rules: text (Unicode, tone placement, legacy fonts, matching keys), dates and numbers
as people write them, and formatting for reports. Imports nothing else of lkdata."""
