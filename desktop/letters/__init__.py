"""Request letters in the archive's own language (DESIGN §5).

    data       what a letter needs, read from the project; recording an exported letter
    context    the template variables, localised (dates, references, addressee lines)
    sandbox    Jinja2's sandbox, missing-variable and placeholder reporting
    render     a request + template + researcher -> Letter (or LetterRefused)
    layout     where each part goes on the page, by language; the HTML for preview and PDF
    pdf        PDF and printing (the only Qt module here); word (DOCX); mail (.eml); plain (text)
    export     one letter or a batch to files, recorded with their requests
    filenames  names safe on Windows, macOS and Linux, in Cyrillic or Japanese

Nothing here imports Qt at import time; `pdf` is imported only when a PDF is written.
"""
