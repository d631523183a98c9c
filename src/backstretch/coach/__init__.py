"""The application layer: what the coach does for a person, whatever the front end.

The use cases (today's routine, begin a session, record a hold, report pain during a stretch,
finish, resume) take the repository and the time as parameters; the terminal (`cli`) and the
browser (`web`) only ask and show. Imports point inward: `coach` uses `core` and `storage`, and
no front end.
"""
