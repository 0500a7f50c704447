// Reading what the staff screens show from the tablet's database: this tablet's figures for the
// local day (hymy::compute_figures, the same code HQ uses), the unit's figures hymy-sync pulled
// from HQ, and the device's health (sync status written by hymy-sync, queue, disk, versions).
#pragma once

#include <cstdint>
#include <string>

#include "flow/staff_data.hpp"
#include "hymy/local_time.hpp"
#include "hymy/tablet_store.hpp"

namespace hymy::kiosk {

struct DeviceFacts {
  std::string device_id;
  std::string unit_id;
  std::string app_version;
  std::string database_path;
};

StaffFigures read_staff_figures(TabletStore& store, const TimeZone& zone, std::int64_t wall_ms);
DeviceHealth read_device_health(TabletStore& store, const DeviceFacts& facts);

}  // namespace hymy::kiosk
