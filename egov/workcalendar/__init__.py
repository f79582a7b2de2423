"""Working days and deadlines: holidays, official yearly schedules and office hours."""
