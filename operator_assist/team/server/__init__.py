"""The team statistics server (optional extra ``server``): HTTP ingest and the team lead's query."""
