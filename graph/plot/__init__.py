"""Pictures of the graph: a timeline of dated events, a network of who met whom.

A layer above the queries and io (it writes files as exports do): the data comes from saved queries (``timeline``) or from queries
of this layer's own, bound the safe way (:meth:`diplokg.graph.queries.saved.SavedQuery.bind`);
matplotlib draws, networkx lays out the network. Both come with the ``plot`` extra
(``pip install 'diplokg[plot]'``); without them :func:`require` raises a clear error.
"""
