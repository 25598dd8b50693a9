//! Signed checkpoints of the audit head, appended to a file outside the database.
//!
//! Each line is a JSON object: the head's sequence number and hash, when it was taken, and an
//! Ed25519 signature by the server key. Someone who can rewrite the database cannot rewrite
//! the file's past lines without the key, so [`verify`] catches a cut tail (a checkpoint beyond
//! the last entry), a recomputed chain (an entry whose hash differs from a signed one) and
//! reordered or forged lines.

use super::{Verdict, GENESIS};
use crate::keys::{self, ServerKey};
use crate::StoreError;
use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Serialize};
use sqlx::{AnyPool, Row};
use std::io::{BufRead, Write};
use std::path::Path;

/// One signed statement: "the audit chain had `seq` entries ending in `hash` at `at`".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
    pub at: i64,
    /// The public key that signed it, to tell keys apart after a rotation.
    pub key: String,
    pub sig: String,
}

fn message(seq: i64, hash: &str, at: i64) -> Vec<u8> {
    format!("fengqiao-audit-checkpoint/v1\n{seq}\n{hash}\n{at}").into_bytes()
}

/// The audit head now: the last sequence number and its hash.
pub async fn head(pool: &AnyPool) -> Result<(i64, String), StoreError> {
    let row = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(pool)
        .await?;
    Ok((row.try_get("seq")?, row.try_get("hash")?))
}

/// Signs the head as it is now.
pub async fn take(pool: &AnyPool, key: &ServerKey) -> Result<Checkpoint, StoreError> {
    let (seq, hash) = head(pool).await?;
    let at = crate::now_ms();
    Ok(Checkpoint {
        sig: key.sign(&message(seq, &hash, at)),
        key: key.public_hex(),
        seq,
        hash,
        at,
    })
}

/// Appends a checkpoint of the current head to `file` unless the last line already records
/// it; returns what was written.
pub async fn append(
    pool: &AnyPool,
    key: &ServerKey,
    file: &Path,
) -> Result<Option<Checkpoint>, StoreError> {
    let cp = take(pool, key).await?;
    let last = read(file)
        .ok()
        .and_then(|lines| lines.into_iter().last().and_then(Result::ok));
    if last.is_some_and(|l| l.seq == cp.seq && l.hash == cp.hash) {
        return Ok(None);
    }
    let mut line = serde_json::to_string(&cp).map_err(|e| StoreError::Invalid(e.to_string()))?;
    line.push('\n');
    let io = |e: std::io::Error| StoreError::Invalid(format!("无法写入检查点文件:{e}"));
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(file)
        .map_err(io)?;
    f.write_all(line.as_bytes()).map_err(io)?;
    f.sync_data().map_err(io)?;
    Ok(Some(cp))
}

/// The lines of a checkpoint file, each parsed or the reason it could not be.
pub fn read(file: &Path) -> std::io::Result<Vec<Result<Checkpoint, String>>> {
    let f = std::fs::File::open(file)?;
    std::io::BufReader::new(f)
        .lines()
        .enumerate()
        .filter(|(_, l)| l.as_ref().map_or(true, |l| !l.trim().is_empty()))
        .map(|(n, l)| {
            l.map(|l| {
                serde_json::from_str::<Checkpoint>(&l).map_err(|e| format!("第 {} 行:{e}", n + 1))
            })
        })
        .collect()
}

/// Checks the chain itself, then every checkpoint against it: each must be signed by
/// `public`, come after the one before, and name an entry the chain still has with the same
/// hash.
pub async fn verify(
    pool: &AnyPool,
    lines: &[Result<Checkpoint, String>],
    public: &VerifyingKey,
) -> Result<Verdict, StoreError> {
    let chain = super::verify(pool).await?;
    let Verdict::Intact { entries } = chain else {
        return Ok(chain);
    };
    if lines.is_empty() {
        return Ok(Verdict::Broken {
            seq: 0,
            reason: "检查点文件中没有检查点,无法对照".into(),
        });
    }
    let mut before: Option<&Checkpoint> = None;
    for (n, line) in lines.iter().enumerate() {
        let n = n + 1;
        let cp = match line {
            Ok(cp) => cp,
            Err(e) => {
                return Ok(Verdict::Broken {
                    seq: 0,
                    reason: format!("检查点文件损坏({e})"),
                })
            }
        };
        if !keys::verify(public, &message(cp.seq, &cp.hash, cp.at), &cp.sig) {
            return Ok(Verdict::Broken {
                seq: cp.seq,
                reason: format!("第 {n} 个检查点的签名不对(不是本服务器密钥所签,或内容被改动)"),
            });
        }
        if let Some(b) = before {
            if cp.seq < b.seq || cp.at < b.at {
                return Ok(Verdict::Broken {
                    seq: cp.seq,
                    reason: format!("第 {n} 个检查点早于前一个,检查点顺序被打乱"),
                });
            }
        }
        if cp.seq > entries {
            return Ok(Verdict::Broken {
                seq: cp.seq,
                reason: format!(
                    "审计链被截断:检查点记到第 {} 条,数据库只有 {entries} 条",
                    cp.seq
                ),
            });
        }
        let stored = hash_at(pool, cp.seq).await?;
        if stored.as_deref() != Some(cp.hash.as_str()) {
            return Ok(Verdict::Broken {
                seq: cp.seq,
                reason: format!(
                    "第 {} 条记录与签名检查点不符:该处之前的记录被改写后重新计算了哈希",
                    cp.seq
                ),
            });
        }
        before = Some(cp);
    }
    Ok(Verdict::Intact { entries })
}

async fn hash_at(pool: &AnyPool, seq: i64) -> Result<Option<String>, StoreError> {
    if seq == 0 {
        return Ok(Some(GENESIS.to_owned()));
    }
    let row = sqlx::query("SELECT hash FROM audit_log WHERE seq = $1")
        .bind(seq)
        .fetch_optional(pool)
        .await?;
    row.map(|r| r.try_get("hash").map_err(StoreError::from))
        .transpose()
}
