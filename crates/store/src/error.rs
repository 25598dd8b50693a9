//! Errors from the store, kept few so the web layer can map each to one HTTP answer.

/// What went wrong in storage.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("数据库地址无效:{0}")]
    BadUrl(String),
    #[error("记录不存在")]
    NotFound,
    #[error("与已有记录冲突:{0}")]
    Conflict(String),
    #[error("数据不合法:{0}")]
    Invalid(String),
    #[error("写入未能提交:{0}")]
    Commit(String),
    #[error("数据库错误:{0}")]
    Database(#[source] sqlx::Error),
    #[error("数据库迁移失败:{0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("文件错误:{0}")]
    Io(#[from] std::io::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict(db.message().to_owned())
            }
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                StoreError::Invalid(db.message().to_owned())
            }
            _ => StoreError::Database(e),
        }
    }
}
