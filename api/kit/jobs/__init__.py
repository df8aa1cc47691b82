"""The job framework: enqueue after commit (`queue`), durable rows with claims and a reaper
(`durable`), step progress (`progress`) and live events over Redis (`live`)."""
