"""IndicatorSource over the layers package (catalogue, periods, values, agencies)."""
from .indicators import IndicatorSource


class LayersIndicatorSource(IndicatorSource):
    def __init__(self, engine):
        self.engine = engine
