-- The formats offices circulate, read since issue 17: PDF (its text layer, or OCR of a
-- scan), images (OCR), Word 97-2003 and WPS, OFD, and spreadsheets.
ALTER TABLE documents DROP CONSTRAINT documents_source_format_check;
ALTER TABLE documents ADD CONSTRAINT documents_source_format_check CHECK (source_format IN (
    'text', 'docx', 'html', 'pdf', 'pdf-ocr', 'image-ocr', 'doc', 'wps', 'ofd', 'xlsx', 'xls', 'et'
));
