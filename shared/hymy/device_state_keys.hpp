// The device_state keys hymy-sync writes into the tablet's database (TabletStore::put_state) and
// the kiosk's staff screen and `hymy-sync status` read. Shared, so the kiosk reads them without
// depending on the sync daemon. Every value is a JSON object; times are
// UTC milliseconds since the epoch. A key that is absent means "never happened yet".
#pragma once

namespace hymy::device_state_keys {

// {"unsent": 12, "rejected": 1, "at_ms": ...}: rows waiting for HQ and rows HQ refused
// (TabletStore::rejected() lists them with HQ's reasons).
inline constexpr const char* kQueue = "sync.queue";

// {"at_ms": ...}: when the daemon last tried to talk to HQ.
inline constexpr const char* kLastAttempt = "sync.last_attempt";

// {"at_ms": ..., "sent": 500}: the last upload cycle that reached HQ and emptied the outbox
// (or found it empty); `sent` is how many rows it delivered.
inline constexpr const char* kLastSuccess = "sync.last_success";

// {"at_ms": ..., "kind": "auth"|"network"|"server"|"protocol"|"config"|"local",
//  "message": "<plain words for staff>", "retry_at_ms": ...}, or {} once a later cycle succeeded.
// kind "auth" means HQ refused the device token: nothing is sent until the token file or the
// configuration changes, or `auth_retry_seconds` have passed.
inline constexpr const char* kLastError = "sync.last_error";

// {"date": "2026-11-23", "fetched_at_ms": ..., "figures": <the body of GET /v1/figures>}: the
// whole unit's figures for the tablet's local today and yesterday, as HQ computed them. The kiosk
// must check `date` (a value from before midnight describes yesterday).
inline constexpr const char* kFiguresToday = "sync.figures.today";
inline constexpr const char* kFiguresYesterday = "sync.figures.yesterday";

// {"etag": "\"v3\"", "version": 3, "checked_at_ms": ..., "note": "..."}: the last question set
// HQ served; the set itself is stored with TabletStore::save_question_set(set, "hq").
inline constexpr const char* kQuestionSet = "sync.question_set";

// {"date": "2026-11-23", "at_ms": ..., "days_checked": 30, "resent_days": ["2026-11-20"],
//  "rows_marked_unsent": 402, "purged": 1234}: the last nightly reconciliation and purge.
inline constexpr const char* kReconcile = "sync.reconcile";

}  // namespace hymy::device_state_keys
