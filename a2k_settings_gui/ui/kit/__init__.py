"""Shared building blocks of every window: style, finding view, form fields, field
editors, admin words, screen fit, worker threads, Qt enums, help."""
