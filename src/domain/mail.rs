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
    /// How a sent message left: handed to the mail server, or, with none configured,
    /// written as an .eml file (nobody received it). Stored as checked text in
    /// `email_outbox.delivery`.
    pub enum Delivery("投递方式"): text {
        Smtp = "smtp" => "已发送",
        File = "file" => "已写入文件（未配置邮件服务器）",
    }
}

vocabulary! {
    /// Why a message was written. Stored as checked text in `email_outbox.purpose`.
    pub enum MailPurpose("邮件用途"): text {
        Digest = "digest" => "汇总",
        Urge = "urge" => "催办",
        Assigned = "assigned" => "交办通知",
        Update = "update" => "办理动态",
        Instruction = "instruction" => "领导批示",
        /// The ladder's reminders and warnings before a deadline.
        Reminder = "reminder" => "到期提醒",
        /// The ladder's word to the responsible leader of an item long overdue.
        Escalation = "escalation" => "逾期报告领导",
    }
}
