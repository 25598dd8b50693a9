//! The assessment's stored part: the weights the coordinator sets, a versioned document.

/// The indicator weights (考核权重).
pub const WEIGHTS: crate::versioned::Document = crate::versioned::Document {
    table: "assessment_weights",
    audit_action: "assessment.weights",
};
