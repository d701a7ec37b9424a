// The built-in descriptions as Swift text, so a statically linked `tandemd` needs no resource bundle.
// Each literal must equal its file in Descriptions/ byte for byte; PlatformCatalogTests checks it.
// To regenerate after editing a JSON file, paste the file between the delimiters (or see Descriptions/README.md).

enum EmbeddedDescriptions {
    /// Descriptions/xavier-nx.json
    static let xavierNX = #"""
{
  "name": "xavier-nx",
  "displayName": "NVIDIA Jetson Xavier NX (T194, p3668)",
  "cpu": {
    "source": "reference/jetson-xavier-nx.md section 1 (x123y123/project:RL_DVFS/README.md; tegra194-cpufreq: one policy per 2-core cluster)",
    "transitionLatencyUs": 300,
    "clusters": [
      {
        "id": 0,
        "cpus": [0, 1],
        "policyPath": "/sys/devices/system/cpu/cpufreq/policy0",
        "frequenciesKHz": [115200, 192000, 268800, 345600, 422400, 499200, 576000, 652800, 729600, 806400, 883200, 960000, 1036800, 1113600, 1190400, 1267200, 1344000, 1420800, 1497600, 1574400, 1651200, 1728000, 1804800, 1881600, 1907200]
      },
      {
        "id": 1,
        "cpus": [2, 3],
        "policyPath": "/sys/devices/system/cpu/cpufreq/policy2",
        "frequenciesKHz": [115200, 192000, 268800, 345600, 422400, 499200, 576000, 652800, 729600, 806400, 883200, 960000, 1036800, 1113600, 1190400, 1267200, 1344000, 1420800, 1497600, 1574400, 1651200, 1728000, 1804800, 1881600, 1907200]
      },
      {
        "id": 2,
        "cpus": [4, 5],
        "policyPath": "/sys/devices/system/cpu/cpufreq/policy4",
        "frequenciesKHz": [115200, 192000, 268800, 345600, 422400, 499200, 576000, 652800, 729600, 806400, 883200, 960000, 1036800, 1113600, 1190400, 1267200, 1344000, 1420800, 1497600, 1574400, 1651200, 1728000, 1804800, 1881600, 1907200]
      }
    ]
  },
  "gpu": {
    "source": "reference/jetson-xavier-nx.md section 2 (iloudaros/LoudVA and others; paths from Soroosh129/NeuOS setconfig.h)",
    "frequenciesKHz": [114750, 204000, 306000, 408000, 510000, 599250, 701250, 752250, 803250, 854250, 905250, 956250, 1007250, 1058250, 1109250],
    "devfreqPath": "/sys/devices/17000000.gv11b/devfreq/17000000.gv11b",
    "loadPath": "/sys/devices/gpu.0/load"
  },
  "emc": {
    "source": "reference/jetson-xavier-nx.md sections 3 and B: idle 204 MHz, MLPerf MaxQ 1331.2 MHz, caps 1600 MHz (10 W/15 W) and 1866 MHz (20 W); the full EMC table is not published there",
    "frequenciesKHz": [204000, 1331200, 1600000, 1866000],
    "controlPath": "/sys/kernel/debug/bpmp/debug/clk/emc"
  },
  "powerRails": {
    "source": "reference/jetson-xavier-nx.md section 5 (energymon/energymon:jetson/JetsonPowerRails.md; NVIDIA forum thread 200883)",
    "rails": [
      { "name": "VDD_IN", "feeds": "whole module, including DDR and IO", "sensor": "INA3221 at I2C 7-0040, channel 0", "channel": 0 },
      { "name": "VDD_CPU_GPU_CV", "feeds": "CPU + GPU + DLA/PVA (no separate CPU or GPU rail)", "sensor": "INA3221 at I2C 7-0040, channel 1", "channel": 1 },
      { "name": "VDD_SOC", "feeds": "SoC (memory controller, fabric)", "sensor": "INA3221 at I2C 7-0040, channel 2", "channel": 2 }
    ]
  },
  "thermalZones": {
    "source": "reference/jetson-xavier-nx.md section 7 (x123y123/project qlearning_gov.c)",
    "zones": [
      { "index": 0, "name": "BCPU" },
      { "index": 1, "name": "MCPU" },
      { "index": 2, "name": "GPU" },
      { "index": 3, "name": "PLL" },
      { "index": 4, "name": "AO" },
      { "index": 5, "name": "Tboard" },
      { "index": 6, "name": "Tdiode" },
      { "index": 7, "name": "PMIC" },
      { "index": 8, "name": "fan-est" }
    ]
  },
  "powerModes": {
    "source": "reference/jetson-xavier-nx.md section 4 (borongyuan/XavierNXOverclock, JetPack 4.6 nvpmodel config)",
    "note": "Every nvpmodel mode sets the CPU MIN_FREQ to 1190400 kHz, so schedutil only ranges between 1.19 GHz and the mode cap unless the minimum is lowered.",
    "modes": [
      { "name": "15W_2CORE", "onlineCores": 2, "cpuMinKHz": 1190400, "cpuMaxKHz": 1907200, "gpuMaxKHz": 1109250, "emcMaxKHz": 1600000 },
      { "name": "15W_4CORE", "onlineCores": 4, "cpuMinKHz": 1190400, "cpuMaxKHz": 1420800, "gpuMaxKHz": 1109250, "emcMaxKHz": 1600000 },
      { "name": "15W_6CORE", "onlineCores": 6, "cpuMinKHz": 1190400, "cpuMaxKHz": 1420800, "gpuMaxKHz": 1109250, "emcMaxKHz": 1600000 },
      { "name": "10W_2CORE", "onlineCores": 2, "cpuMinKHz": 1190400, "cpuMaxKHz": 1497600, "gpuMaxKHz": 803250, "emcMaxKHz": 1600000 },
      { "name": "10W_4CORE", "onlineCores": 4, "cpuMinKHz": 1190400, "cpuMaxKHz": 1190400, "gpuMaxKHz": 803250, "emcMaxKHz": 1600000 },
      { "name": "10W_DESKTOP", "onlineCores": 4, "cpuMinKHz": 1190400, "cpuMaxKHz": 1907200, "gpuMaxKHz": 510000, "emcMaxKHz": 1600000 },
      { "name": "20W_2CORE", "onlineCores": 2, "cpuMinKHz": 1190400, "cpuMaxKHz": 1907200, "gpuMaxKHz": 1109250, "emcMaxKHz": 1866000 },
      { "name": "20W_4CORE", "onlineCores": 4, "cpuMinKHz": 1190400, "cpuMaxKHz": 1420800, "gpuMaxKHz": 1109250, "emcMaxKHz": 1866000 },
      { "name": "20W_6CORE", "onlineCores": 6, "cpuMinKHz": 1190400, "cpuMaxKHz": 1420800, "gpuMaxKHz": 1109250, "emcMaxKHz": 1866000 }
    ]
  },
  "actuationDelays": {
    "source": "reference/jetson-xavier-nx.md section 10: CPU 300 us (TEGRA_CPUFREQ_TRANSITION_LATENCY); GPU 5 ms and EMC 8 ms to take effect (Orin Nano measurement, arXiv 2606.16106); setspeed write cost 20-100 us modelled as 60 us (reference/linux-governors.md section 8)",
    "cpuUs": 300,
    "gpuUs": 5000,
    "emcUs": 8000,
    "writeCostUs": 60
  }
}
"""#
}
