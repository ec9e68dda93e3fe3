"""Stage 3, compare: outlets, articles and voices side by side, with honest uncertainty."""
