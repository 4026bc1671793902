"""Storage: where the workspace database lives, how it is opened, migrated and backed up."""
