"""The pure core: routine model, validation, timeline planner, session engine and clocks.

Standard library only, so every front end (terminal, web, handout) shares one tested heart.
"""
