use super::vocabulary::vocabulary;

vocabulary! {
    /// Where a message of the outbox stands.
    pub enum OutboxStatus("发送状态"): pg "outbox_status" {
        Queued = "queued" => "待发送",
        Sent = "sent" => "已发送",
        Failed = "failed" => "发送失败",
    }
}

vocabulary! {
    /// Why a message was written. Stored as checked text in `email_outbox.purpose`.
    pub enum MailPurpose("邮件用途"): text {
        Digest = "digest" => "汇总",
        Urge = "urge" => "催办",
    }
}
