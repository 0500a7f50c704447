// The daemon tests' fixture: a temp directory with a tablet database and a token file, a fake
// HQ on a loopback port, a fake clock and fixed jitter, and an engine wired to all of them.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "daemon/sync_engine.hpp"
#include "fake_hq.hpp"
#include "hymy/tablet_store.hpp"
#include "hymy/uuid.hpp"

namespace hymy::sync::testing {

constexpr std::int64_t kStartMs = 1795420800000;  // 2026-11-23T08:00:00Z, 10:00 in Helsinki

class SyncFixture : public ::testing::Test {
 protected:
  SyncFixture() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "hymy-sync-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    device_.device_id = "tab-1";
    device_.unit_id = "demo";
    device_.database = (dir_ / "tablet.db").string();
    device_.time_zone = "Europe/Helsinki";
    config_.hq_url = hq_.url();
    config_.token_file = (dir_ / "token").string();
    config_.connect_timeout_ms = 2000;
    config_.request_timeout_ms = 5000;
    config_.low_speed_seconds = 5;
    config_.backoff_base_ms = 1000;
    config_.backoff_max_ms = 60'000;
    write_token("device-token-1");
    store_ = std::make_unique<TabletStore>(device_.database);
  }
  ~SyncFixture() override {
    engine_.reset();
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  void write_token(const std::string& token) {
    std::ofstream(config_.token_file, std::ios::trunc) << token << "\n";
    std::filesystem::permissions(config_.token_file, std::filesystem::perms::owner_read |
                                                         std::filesystem::perms::owner_write);
  }

  SyncEngine& engine() {
    if (!engine_) {
      EngineHooks hooks;
      hooks.now_ms = [this] { return clock_ms_; };
      hooks.uniform01 = [] { return 0.5; };
      engine_ = std::make_unique<SyncEngine>(device_, config_, *store_, &stop_, hooks);
    }
    return *engine_;
  }

  Response make_row(int rating, std::int64_t at_ms) {
    Response r;
    r.id = uuid_v7_at(at_ms);
    r.visit_id = uuid_v7_at(at_ms);
    r.device_id = device_.device_id;
    r.unit_id = device_.unit_id;
    r.question_id = "visit";
    r.question_set_version = 1;
    r.rating = rating;
    r.language = "fi";
    r.answered_at_ms = at_ms;
    r.utc_offset_min = 120;
    return r;
  }

  // `n` answers a minute apart ending before the fake clock's now; returns their ids.
  std::set<std::string> add_rows(int n, std::int64_t spacing_ms = 60'000) {
    std::set<std::string> ids;
    for (int i = 0; i < n; ++i) {
      Response r = make_row(1 + i % 4, clock_ms_ - (n - i) * spacing_ms);
      ids.insert(r.id);
      store_->insert_response(r);
    }
    return ids;
  }

  // Runs cycles until one succeeds (at most `max_cycles`); returns how many ran.
  int cycles_until_ok(int max_cycles) {
    for (int i = 1; i <= max_cycles; ++i) {
      if (engine().run_cycle().ok()) return i;
    }
    return -1;
  }

  std::filesystem::path dir_;
  FakeHq hq_;
  DeviceConfig device_;
  SyncConfig config_;
  std::unique_ptr<TabletStore> store_;
  std::int64_t clock_ms_ = kStartMs;
  StopSignal stop_;
  std::unique_ptr<SyncEngine> engine_;
};

}  // namespace hymy::sync::testing
