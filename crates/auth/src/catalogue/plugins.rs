//! The tables and extra core fields of Better Auth's plugins (1.7.x):
//! two-factor, username, admin, organization (teams, dynamic access
//! control), api-key, passkey, phone-number, anonymous, jwt, sso,
//! oauth-provider, device-authorization, siwe and last-login-method.

use crate::field::*;
use DefaultValue::*;

/// A plugin sluice knows: its name in `sluice.toml`, its id in Better
/// Auth's options (`plugins.<id>`), and the package that exports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PluginInfo {
    pub name: &'static str,
    pub option_id: &'static str,
    pub package: &'static str,
}

/// Every plugin with a schema, in a fixed order.
pub const PLUGINS: &[PluginInfo] = &[
    PluginInfo { name: "two-factor", option_id: "twoFactor", package: "better-auth/plugins" },
    PluginInfo { name: "username", option_id: "username", package: "better-auth/plugins" },
    PluginInfo { name: "admin", option_id: "admin", package: "better-auth/plugins" },
    PluginInfo { name: "organization", option_id: "organization", package: "better-auth/plugins" },
    PluginInfo { name: "api-key", option_id: "apiKey", package: "@better-auth/api-key" },
    PluginInfo { name: "passkey", option_id: "passkey", package: "@better-auth/passkey" },
    PluginInfo { name: "phone-number", option_id: "phoneNumber", package: "better-auth/plugins" },
    PluginInfo { name: "anonymous", option_id: "anonymous", package: "better-auth/plugins" },
    PluginInfo { name: "jwt", option_id: "jwt", package: "better-auth/plugins" },
    PluginInfo { name: "sso", option_id: "sso", package: "@better-auth/sso" },
    PluginInfo {
        name: "oauth-provider",
        option_id: "oauthProvider",
        package: "@better-auth/oauth-provider",
    },
    PluginInfo {
        name: "device-authorization",
        option_id: "deviceAuthorization",
        package: "better-auth/plugins",
    },
    PluginInfo { name: "siwe", option_id: "siwe", package: "better-auth/plugins" },
    PluginInfo {
        name: "last-login-method",
        option_id: "lastLoginMethod",
        package: "better-auth/plugins",
    },
];

/// Find a plugin by its sluice name or its Better Auth id.
pub fn plugin(name: &str) -> Option<&'static PluginInfo> {
    PLUGINS.iter().find(|p| p.name == name || p.option_id == name)
}

/// Options of the organization plugin that change its tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrganizationOptions {
    pub teams: bool,
    pub dynamic_access_control: bool,
}

/// The models a plugin declares (new tables, and extra fields on core
/// tables under the core table's key).
pub fn plugin_models(p: &PluginInfo, org: OrganizationOptions) -> Vec<ModelDef> {
    match p.option_id {
        "twoFactor" => vec![
            ModelDef::new("user", vec![boolean("twoFactorEnabled").opt().default(Bool(false))]),
            ModelDef::new(
                "twoFactor",
                vec![
                    string("secret").index(),
                    string("backupCodes"),
                    string("userId").index().refs_id("user"),
                    boolean("verified").opt().default(Bool(true)),
                    number("failedVerificationCount").opt().default(Int(0)),
                    date("lockedUntil").opt(),
                ],
            ),
        ],
        "username" => vec![ModelDef::new(
            "user",
            vec![string("username").opt().unique().sortable(), string("displayUsername").opt()],
        )],
        "admin" => vec![
            ModelDef::new(
                "user",
                vec![
                    string("role").opt(),
                    boolean("banned").opt().default(Bool(false)),
                    string("banReason").opt(),
                    date("banExpires").opt(),
                ],
            ),
            ModelDef::new("session", vec![string("impersonatedBy").opt().holds_id()]),
        ],
        "organization" => organization(org),
        "apiKey" => vec![api_key()],
        "passkey" => vec![ModelDef::new(
            "passkey",
            vec![
                string("name").opt(),
                string("publicKey"),
                string("userId").index().refs_id("user"),
                string("credentialID").index(),
                number("counter"),
                string("deviceType"),
                boolean("backedUp"),
                string("transports").opt(),
                date("createdAt").opt(),
                string("aaguid").opt(),
            ],
        )],
        "phoneNumber" => vec![ModelDef::new(
            "user",
            vec![
                string("phoneNumber").opt().unique().sortable(),
                boolean("phoneNumberVerified").opt(),
            ],
        )],
        "anonymous" => {
            vec![ModelDef::new("user", vec![boolean("isAnonymous").opt().default(Bool(false))])]
        }
        "jwt" => vec![jwks()],
        "sso" => vec![ModelDef::new(
            "ssoProvider",
            vec![
                string("issuer"),
                string("oidcConfig").opt(),
                string("samlConfig").opt(),
                string("userId").refs_id("user"),
                string("providerId").unique(),
                string("organizationId").opt().holds_id(),
                string("domain"),
            ],
        )],
        "oauthProvider" => super::oauth::oauth_provider(),
        "deviceAuthorization" => vec![ModelDef::new(
            "deviceCode",
            vec![
                string("deviceCode"),
                string("userCode"),
                string("userId").opt().holds_id(),
                date("expiresAt"),
                string("status"),
                date("lastPolledAt").opt(),
                number("pollingInterval").opt(),
                string("clientId").opt(),
                string("scope").opt(),
            ],
        )
        .with_index(&["deviceCode"], true)
        .with_index(&["userCode"], true)],
        "siwe" => vec![ModelDef::new(
            "walletAddress",
            vec![
                string("userId").index().refs_id("user"),
                string("address"),
                number("chainId"),
                boolean("isPrimary").default(Bool(false)),
                date("createdAt"),
            ],
        )],
        // Stored only with `lastLoginMethod({ storeInDatabase: true })`,
        // which the printed options set.
        "lastLoginMethod" => vec![ModelDef::new("user", vec![string("lastLoginMethod").opt()])],
        _ => Vec::new(),
    }
}

pub(crate) fn jwks() -> ModelDef {
    ModelDef::new(
        "jwks",
        vec![
            string("publicKey"),
            string("privateKey"),
            date("createdAt"),
            date("expiresAt").opt(),
            string("alg").opt(),
            string("crv").opt(),
        ],
    )
}

fn organization(o: OrganizationOptions) -> Vec<ModelDef> {
    let mut session = vec![string("activeOrganizationId").opt().holds_id()];
    if o.teams {
        session.push(string("activeTeamId").opt().holds_id());
    }
    let mut out = vec![
        ModelDef::new("session", session),
        ModelDef::new(
            "organization",
            vec![
                string("name").sortable(),
                string("slug").unique().index().sortable(),
                string("logo").opt(),
                date("createdAt"),
                string("metadata").opt(),
            ],
        ),
    ];
    if o.dynamic_access_control {
        out.push(ModelDef::new(
            "organizationRole",
            vec![
                string("organizationId").index().refs_id("organization"),
                string("role").index(),
                string("permission"),
                date("createdAt").default(Now),
                date("updatedAt").opt(),
            ],
        ));
    }
    if o.teams {
        out.push(ModelDef::new(
            "team",
            vec![
                string("name"),
                number("memberCount").default(Int(0)),
                string("organizationId").index().refs_id("organization"),
                date("createdAt"),
                date("updatedAt").opt(),
            ],
        ));
        out.push(ModelDef::new(
            "teamMember",
            vec![
                string("teamId").index().refs_id("team"),
                string("userId").index().refs_id("user"),
                string("membershipKey").opt().unique(),
                date("createdAt").opt(),
            ],
        ));
    }
    out.push(ModelDef::new(
        "member",
        vec![
            string("organizationId").index().refs_id("organization"),
            string("userId").index().refs_id("user"),
            string("role").default(Str("member")).sortable(),
            date("createdAt"),
        ],
    ));
    let mut invitation = vec![
        string("organizationId").index().refs_id("organization"),
        string("email").index().sortable(),
        string("role").opt().sortable(),
    ];
    if o.teams {
        invitation.push(string("teamId").opt().holds_id().sortable());
    }
    invitation.extend([
        string("status").default(Str("pending")).sortable(),
        date("expiresAt"),
        date("createdAt").default(Now),
        string("inviterId").refs_id("user"),
    ]);
    out.push(ModelDef::new("invitation", invitation));
    out
}

fn api_key() -> ModelDef {
    ModelDef::new(
        "apikey",
        vec![
            string("configId").index().default(Str("default")),
            string("name").opt(),
            string("start").opt(),
            string("referenceId").index().holds_id(),
            string("prefix").opt(),
            string("key").index(),
            number("refillInterval").opt(),
            number("refillAmount").opt(),
            date("lastRefillAt").opt(),
            boolean("enabled").opt().default(Bool(true)),
            boolean("rateLimitEnabled").opt().default(Bool(true)),
            number("rateLimitTimeWindow").opt().default(Int(86_400_000)),
            number("rateLimitMax").opt().default(Int(10)),
            number("requestCount").opt().default(Int(0)),
            number("remaining").opt(),
            date("lastRequest").opt(),
            date("expiresAt").opt(),
            date("createdAt"),
            date("updatedAt"),
            string("permissions").opt(),
            string("metadata").opt(),
        ],
    )
}
