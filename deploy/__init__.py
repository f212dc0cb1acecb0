"""Running the app as a deployment: a PostgreSQL server, several app processes, nginx in front."""
