"""Reports: summary text, figures, the seminar report, handout and slides. They read
result records and never compute a model.

May import: ``sim.base`` and ``sim.io`` (records) and matplotlib.
"""
