"""arq worker: thin task functions that call into api services."""
