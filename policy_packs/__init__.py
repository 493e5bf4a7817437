"""Policy packs bundled with iacgate."""
