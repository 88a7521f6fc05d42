from newsroom.formats import with_zone

globals().update(with_zone("fr"))
