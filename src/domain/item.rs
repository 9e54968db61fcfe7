use super::vocabulary::vocabulary;

vocabulary! {
    /// Decision (决定) or task (任务).
    pub enum ItemKind("类别"): pg "item_kind" {
        Decision = "decision" => "决定",
        Task = "task" => "任务",
    }
}

vocabulary! {
    /// The 督办 lifecycle. Overdue is not a status: it is derived from the due date.
    pub enum ItemStatus("状态"): pg "item_status" {
        /// Extracted, under review, not yet published.
        Draft = "draft" => "待交办",
        /// 已交办: published to its units.
        Assigned = "assigned" => "已交办",
        InProgress = "in_progress" => "推进中",
        Blocked = "blocked" => "受阻",
        /// 已完成，待核验.
        ReportedDone = "reported_done" => "已完成，待核验",
        /// 办结 (销号).
        Closed = "closed" => "已办结",
        /// 不予督办: the clerk decided this is not an item.
        Dismissed = "dismissed" => "不予督办",
    }
}

impl ItemStatus {
    /// Statuses of published items (交办 and after; not drafts, not 不予督办), in lifecycle
    /// order.
    pub const PUBLISHED: [ItemStatus; 5] = [
        ItemStatus::Assigned,
        ItemStatus::InProgress,
        ItemStatus::Blocked,
        ItemStatus::ReportedDone,
        ItemStatus::Closed,
    ];
}

vocabulary! {
    /// How often a recurring report is due (每月底前报告).
    pub enum Recurrence("报送周期"): pg "recurrence" {
        Weekly = "weekly" => "每周",
        Monthly = "monthly" => "每月",
        Quarterly = "quarterly" => "每季度",
        HalfYearly = "half_yearly" => "每半年",
        Yearly = "yearly" => "每年",
    }
}

vocabulary! {
    /// 督办等级: how closely the office follows an item. Each level has its own warning
    /// ladder (`ladder_levels`). Stored as checked text in `items.level`.
    pub enum Level("督办等级"): text {
        Normal = "normal" => "一般",
        Key = "key" => "重点",
        Urgent = "urgent" => "紧急",
    }
}

vocabulary! {
    /// Which part a unit plays in an item: the dashboard counts by lead unit, the list by
    /// default shows either.
    pub enum UnitRole("单位角色"): pg "unit_role" {
        Lead = "lead" => "牵头",
        Co = "co" => "配合",
    }
}

vocabulary! {
    /// Where a unit's request for more time (延期申请) stands.
    pub enum ExtensionStatus("延期申请状态"): pg "extension_status" {
        Pending = "pending" => "待审批",
        Approved = "approved" => "已同意",
        Rejected = "rejected" => "未同意",
    }
}

vocabulary! {
    /// What an entry of an item's history records. Stored as checked text in
    /// `item_events.action`.
    pub enum EventAction("事件"): text {
        Extracted = "extracted" => "从文件中提取",
        Added = "added" => "办公室补录",
        Status = "status" => "状态变更",
        Edited = "edited" => "修改",
        Acknowledged = "acknowledged" => "签收",
        Progress = "progress" => "报送进展",
        ExtensionRequested = "extension_requested" => "申请延期",
        ExtensionApproved = "extension_approved" => "同意延期",
        ExtensionRejected = "extension_rejected" => "不同意延期",
        Urged = "urged" => "催办",
        UnitMerged = "unit_merged" => "单位合并",
        Instructed = "instructed" => "领导批示",
        ExtensionForwarded = "extension_forwarded" => "办公室同意延期，报领导审批",
        /// Split into parts (分解), on the parent and on each part.
        Split = "split" => "分解",
        /// The ladder's reminder (蓝) some days before the deadline.
        Reminded = "reminded" => "到期提醒",
        /// The ladder's warning (黄) some days before the deadline.
        Warned = "warned" => "到期预警",
        /// The ladder told the responsible leader of an item long overdue.
        Escalated = "escalated" => "逾期报告领导",
    }
}

vocabulary! {
    /// The field an `edited` (or `status`) history entry changed.
    pub enum ItemField("字段"): text {
        Kind = "kind" => "类别",
        Title = "title" => "事项名称",
        Body = "body" => "事项内容",
        LeadUnits = "lead_units" => "牵头单位",
        CoUnits = "co_units" => "配合单位",
        Leader = "leader" => "责任领导",
        DueDate = "due_date" => "完成时限",
        Recurrence = "recurrence" => "报送周期",
        Status = "status" => "状态",
        /// All of an item's units at once, as a merge of units moves them.
        Units = "units" => "承办单位",
        Level = "level" => "督办等级",
    }
}

impl ItemStatus {
    /// The statuses of items still being worked on (they can be late).
    pub const OPEN: [ItemStatus; 3] = [
        ItemStatus::Assigned,
        ItemStatus::InProgress,
        ItemStatus::Blocked,
    ];

    /// Whether the item is still being worked on (it can be late).
    pub fn is_open(self) -> bool {
        Self::OPEN.contains(&self)
    }

    /// Whether the item is tracked: published (交办), whatever its progress. Drafts and
    /// dismissed items are not, so they have no light. The SQL twin is
    /// `store::visibility::PUBLISHED`.
    pub fn is_tracked(self) -> bool {
        !matches!(self, ItemStatus::Draft | ItemStatus::Dismissed)
    }
}
