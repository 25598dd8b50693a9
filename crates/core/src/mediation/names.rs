//! The other named values of a dispute: who the parties are, how a session was held, how an
//! agreement is being performed, where a refused case was guided, who joins joint mediation,
//! and what a timeline entry records.

crate::named_enum! {
    /// A party's side in the dispute.
    pub enum PartySide ("当事人身份") {
        Applicant => ("applicant", "申请人"),
        Respondent => ("respondent", "被申请人"),
        Other => ("other", "其他当事人"),
    }
}

crate::named_enum! {
    /// A natural person or an organisation.
    pub enum PartyKind ("当事人类型") {
        Person => ("person", "自然人"),
        Organisation => ("organisation", "单位"),
    }
}

crate::named_enum! {
    /// 面对面 or 背对背: whether the parties met.
    pub enum SessionMode ("调解方式") {
        FaceToFace => ("face_to_face", "面对面"),
        Separate => ("separate", "背对背"),
    }
}

crate::named_enum! {
    /// How an agreement is being carried out.
    pub enum Performance ("履行情况") {
        Pending => ("pending", "待履行"),
        Partial => ("partial", "部分履行"),
        Fulfilled => ("fulfilled", "已履行"),
        Breached => ("breached", "未履行"),
    }
}

crate::named_enum! {
    /// Where parties who decline mediation are guided (诉调对接).
    pub enum ReferralChannel ("引导渠道") {
        Litigation => ("litigation", "诉讼"),
        Arbitration => ("arbitration", "仲裁"),
        Administrative => ("administrative", "行政渠道"),
    }
}

crate::named_enum! {
    /// Who sits on a joint mediation besides the town centre.
    pub enum MediatorKind ("调解员类别") {
        Department => ("department", "部门"),
        Lawyer => ("lawyer", "律师"),
        Deputy => ("deputy", "人大代表"),
        CommitteeMember => ("committee_member", "政协委员"),
        Mediator => ("mediator", "人民调解员"),
    }
}

crate::named_enum! {
    /// What an entry of a case's timeline records.
    pub enum CaseEvent ("办理经过") {
        Created => ("created", "受理"),
        Assigned => ("assigned", "分派"),
        Session => ("session", "调解"),
        EscalationSuggested => ("escalation_suggested", "建议上交"),
        Escalated => ("escalated", "上交"),
        HandedBack => ("handed_back", "交回下级"),
        Agreement => ("agreement", "达成协议"),
        FollowUp => ("followup", "回访"),
        Closed => ("closed", "结案"),
        Reopened => ("reopened", "重新启动"),
        Referred => ("referred", "诉调对接"),
        RiskAssessed => ("risk_assessed", "风险评估"),
        EarlyWarning => ("early_warning", "高风险预警"),
        PhotoAdded => ("photo_added", "上传照片"),
        LinkedReport => ("linked_report", "再次反映"),
    }
}
