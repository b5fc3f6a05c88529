"""Working groups: a coordinator gathers organisations around a need."""
