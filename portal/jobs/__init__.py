"""Background jobs: long work (certificate reading, e-mail, reminders, exports, bulk work) with
progress that users can follow, on Redis (RQ) when configured and in-process otherwise."""
