"""The feedback re-ranker (#14 item 5): learns from coordinators' feedback which of a
need's best seeds to put first. ``core`` learns (no Flask), ``features`` reads labels and
pair features, ``services`` trains, switches and re-ranks, ``jobs`` trains in the queue."""
