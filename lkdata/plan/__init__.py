"""Pure plan logic: reporting periods, the named row selections, and the plan's indicators."""
