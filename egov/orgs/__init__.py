"""Administrative units, agencies, departments, officials with scoped roles, citizens."""
