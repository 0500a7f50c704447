// The device_state keys the kiosk itself keeps for staff mode (TabletStore::put_state). The sync
// daemon's keys are in shared/hymy/device_state_keys.hpp; the kiosk only reads those.
#pragma once

namespace hymy::kiosk::staff_keys {

// "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>" (storage/pin_hash.hpp); never the PIN.
inline constexpr const char* kPinHash = "kiosk.staff.pin_hash";
// "<failures> <retry_at_ms>" (flow/pin_guard.hpp): wrong PINs and the wait they caused.
inline constexpr const char* kPinGuard = "kiosk.staff.pin_guard";

}  // namespace hymy::kiosk::staff_keys
