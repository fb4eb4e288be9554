"""What every layer shares: settings, domain errors and the registry of formats."""
