use super::vocabulary::vocabulary;

vocabulary! {
    /// What kind of document the text is.
    #[derive(Default)]
    pub enum DocumentKind("文件类别"): pg "document_kind" {
        /// A formal 会议纪要 with a header block.
        Minutes = "minutes" => "会议纪要",
        /// A news report of a meeting, as published on a website.
        Report = "report" => "会议报道",
        /// A 通知 / 文件 that assigns work.
        Notice = "notice" => "通知",
        #[default]
        Unknown = "unknown" => "其他",
    }
}

vocabulary! {
    /// The container format a document's text came from. Stored as checked text in
    /// `documents.source_format`.
    pub enum SourceFormat("文件格式"): text {
        Text = "text" => "纯文本",
        Docx = "docx" => "Word (.docx)",
        Html = "html" => "网页",
        /// A PDF's text layer.
        Pdf = "pdf" => "PDF",
        /// A PDF without a text layer (scanned), read by OCR.
        PdfOcr = "pdf-ocr" => "PDF（扫描件，文字识别）",
        /// A photographed or scanned page, read by OCR.
        ImageOcr = "image-ocr" => "图片（文字识别）",
        /// Word 97–2003, as Word and WPS save it.
        Doc = "doc" => "Word 97-2003 (.doc)",
        /// A WPS Writer file.
        Wps = "wps" => "WPS 文字 (.wps)",
        /// GB/T 33190 fixed-layout document.
        Ofd = "ofd" => "OFD",
        Xlsx = "xlsx" => "Excel (.xlsx)",
        Xls = "xls" => "Excel 97-2003 (.xls)",
        /// A WPS spreadsheet.
        Et = "et" => "WPS 表格 (.et)",
    }
}

impl SourceFormat {
    /// Whether the text was recognised from images (a scan, a photo): it may hold misread
    /// characters, which a clerk must check against the original.
    pub fn is_ocr(self) -> bool {
        matches!(self, SourceFormat::PdfOcr | SourceFormat::ImageOcr)
    }
}

vocabulary! {
    /// A header field of a document the secretariat may correct. Stored as checked text in
    /// `document_events.field`.
    pub enum DocumentField("文件信息"): text {
        Title = "title" => "标题",
        DocNumber = "doc_number" => "文号",
        Org = "org" => "发文机关",
        MeetingDate = "meeting_date" => "会议日期",
        IssuedDate = "issued_date" => "印发日期",
        Place = "place" => "地点",
        Chair = "chair" => "主持",
        Attendees = "attendees" => "出席",
        Observers = "observers" => "列席",
        Recorder = "recorder" => "记录",
        Signer = "signer" => "签发",
    }
}
