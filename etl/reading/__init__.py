"""Reading the Excel reports people really send: file checks, workbook loading, values, the table."""
