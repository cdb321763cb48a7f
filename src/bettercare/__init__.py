"""bettercare: plan, monitor and report the Better Care Fund."""

__version__ = "0.1.0"
