//! Better Auth's core tables: `user`, `session`, `account`, `verification`,
//! and `rateLimit` (only with `rateLimit.storage: "database"`), field for
//! field as `getAuthTables` declares them in better-auth 1.7.3 to 1.7.25.

use crate::field::*;
use DefaultValue::*;

/// The four core models, in Better Auth's order.
pub fn core_models() -> Vec<ModelDef> {
    vec![
        ModelDef::new(
            "user",
            vec![
                string("name").sortable(),
                string("email").unique().sortable(),
                boolean("emailVerified").default(Bool(false)),
                string("image").opt(),
                date("createdAt").default(Now),
                date("updatedAt").default(Now),
            ],
        ),
        ModelDef::new(
            "session",
            vec![
                date("expiresAt"),
                string("token").unique(),
                date("createdAt").default(Now),
                date("updatedAt"),
                string("ipAddress").opt(),
                string("userAgent").opt(),
                string("userId").index().refs_id("user"),
            ],
        ),
        ModelDef::new(
            "account",
            vec![
                string("accountId"),
                string("providerId"),
                string("userId").index().refs_id("user"),
                string("accessToken").opt(),
                string("refreshToken").opt(),
                string("idToken").opt(),
                date("accessTokenExpiresAt").opt(),
                date("refreshTokenExpiresAt").opt(),
                string("scope").opt(),
                string("password").opt(),
                date("createdAt").default(Now),
                date("updatedAt"),
            ],
        ),
        ModelDef::new(
            "verification",
            vec![
                string("identifier").index(),
                string("value"),
                date("expiresAt"),
                date("createdAt").default(Now),
                date("updatedAt").default(Now),
            ],
        ),
    ]
}

/// `rateLimit`, stored in the database.
pub fn rate_limit_model() -> ModelDef {
    ModelDef::new(
        "rateLimit",
        vec![
            string("key").unique(),
            number("count"),
            number("lastRequest").bigint().default(AppOnly),
        ],
    )
}
