//! Psychological services (心理服务): the expert pool's levels, appointments and their states,
//! and the rules of confidentiality that the workflow enforces — who may read a counselling
//! note, and what a break-glass reading needs.

crate::named_enum! {
    pub enum ServiceLevel ("服务层级") {
        District => ("district", "区级"),
        Town => ("town", "镇街"),
        Community => ("community", "社区"),
    }
}

crate::named_enum! {
    pub enum AppointmentStatus ("预约状态") {
        Requested => ("requested", "已预约,待确认"),
        Confirmed => ("confirmed", "已确认"),
        Done => ("done", "已完成"),
        Cancelled => ("cancelled", "已取消"),
    }
}

/// Who is reading a case, as far as confidentiality is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// The counsellor the appointment is with.
    Counsellor,
    /// That counsellor's supervisor.
    Supervisor,
    /// Anyone else, whatever their role.
    Other,
}

/// Whether a reader may see a note's text, given the reason they gave for a break-glass
/// reading (if any). The counsellor reads their own notes; the supervisor only by breaking
/// the glass with a reason; nobody else ever — the coordinator and the administrator included.
pub fn may_read(reader: Reader, break_glass_reason: Option<&str>) -> Result<(), &'static str> {
    match reader {
        Reader::Counsellor => Ok(()),
        Reader::Supervisor => match break_glass_reason.map(str::trim) {
            Some(r) if r.chars().count() >= 10 => Ok(()),
            Some(_) => Err("紧急查阅须写明理由(至少 10 字),查阅将记入审计并通知咨询师"),
            None => Err("督导查阅个案须“紧急查阅”并写明理由"),
        },
        Reader::Other => Err("咨询记录只有本案咨询师可以查看"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_counsellor_reads_and_the_supervisor_only_by_breaking_the_glass() {
        assert!(may_read(Reader::Counsellor, None).is_ok());
        assert!(may_read(Reader::Supervisor, None).is_err());
        assert!(may_read(Reader::Supervisor, Some("太短")).is_err());
        assert!(may_read(
            Reader::Supervisor,
            Some("来访者家属报告其有自伤风险,需了解既往评估")
        )
        .is_ok());
        assert!(may_read(Reader::Other, Some("区协调员要求查看全部个案记录以便统计")).is_err());
    }
}
