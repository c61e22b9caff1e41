"""cmark-gfm's C functions, called so that everything they allocate is freed.

cmarkgfm's own `markdown_to_html_with_extensions` never frees the document tree nor the HTML it
renders (upstream issue #53): about 3 MB a render of 20,000 characters of `*a`, and 500 MB for a
crafted table, until the worker dies. So we call the same compiled library, through an ABI-level
cffi binding of our own that also declares the functions that free: the tree
(cmark_node_free) and the output (the default allocator's free).
"""

from pathlib import Path

import cffi
import cmarkgfm

_ffi = cffi.FFI()
_ffi.cdef(
    """
    typedef struct cmark_node cmark_node;
    typedef struct cmark_parser cmark_parser;
    typedef struct cmark_syntax_extension cmark_syntax_extension;
    typedef struct _cmark_llist cmark_llist;
    typedef struct cmark_mem {
      void *(*calloc)(size_t, size_t);
      void *(*realloc)(void *, size_t);
      void (*free)(void *);
    } cmark_mem;
    void cmark_gfm_core_extensions_ensure_registered(void);
    cmark_syntax_extension *cmark_find_syntax_extension(const char *name);
    cmark_parser *cmark_parser_new(int options);
    int cmark_parser_attach_syntax_extension(cmark_parser *parser, cmark_syntax_extension *extension);
    void cmark_parser_feed(cmark_parser *parser, const char *buffer, size_t len);
    cmark_node *cmark_parser_finish(cmark_parser *parser);
    cmark_llist *cmark_parser_get_syntax_extensions(cmark_parser *parser);
    char *cmark_render_html(cmark_node *root, int options, cmark_llist *extensions);
    void cmark_node_free(cmark_node *node);
    void cmark_parser_free(cmark_parser *parser);
    cmark_mem *cmark_get_default_mem_allocator(void);
    """
)
_lib = _ffi.dlopen(str(next(Path(cmarkgfm.__file__).parent.glob("_cmark*.so"))))
_lib.cmark_gfm_core_extensions_ensure_registered()
_allocator = _lib.cmark_get_default_mem_allocator()


def _extension(name):
    found = _lib.cmark_find_syntax_extension(name.encode())
    if found == _ffi.NULL:
        raise ValueError(f"cmark-gfm has no extension {name}")
    return found


def render_html(text: str, *, options: int, extensions: list[str]) -> str:
    """cmark-gfm's HTML for text, freeing the parser, the tree and the output buffer."""
    source = text.encode("utf-8")
    parser = _lib.cmark_parser_new(options)
    root = _ffi.NULL
    output = _ffi.NULL
    try:
        for name in extensions:
            _lib.cmark_parser_attach_syntax_extension(parser, _extension(name))
        _lib.cmark_parser_feed(parser, source, len(source))
        root = _lib.cmark_parser_finish(parser)
        output = _lib.cmark_render_html(root, options, _lib.cmark_parser_get_syntax_extensions(parser))
        return _ffi.string(output).decode("utf-8")
    finally:
        if output != _ffi.NULL:
            _allocator.free(output)
        if root != _ffi.NULL:
            _lib.cmark_node_free(root)
        _lib.cmark_parser_free(parser)
