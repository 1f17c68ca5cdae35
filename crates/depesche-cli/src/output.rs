//! Output writers: JSON, JSONL and a coloured human summary.
