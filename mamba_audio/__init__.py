"""Learn, train and use state-space (Mamba) models for music"""

__version__ = "0.0.1"
