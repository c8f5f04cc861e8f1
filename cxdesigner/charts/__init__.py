"""Charts layer: matplotlib figures of the analysis (``figures``) and the Qt dock that shows them (``dock``).

Nothing here is imported eagerly: ``cxdesigner.charts.dock`` must load without matplotlib.
"""
