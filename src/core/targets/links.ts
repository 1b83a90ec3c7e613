/**
 * Links that carry a cut tensor from the microcontroller to an edge box or the cloud (docs/split.md). Each figure
 * names its source; a figure computed from datasheet values is an 'assumption' because the arithmetic assumes how the
 * radio is used (supply voltage, radio-on time per payload byte), and its source text gives the arithmetic.
 * Bandwidth is application payload throughput, not the PHY rate, where the two differ.
 */
import type { Link } from './remote-types.ts'
import type { Figure } from './types.ts'

const fig = (value: number, kind: Figure['kind'], source: string): Figure => ({ value, kind, source })

function link(id: string, name: string, bandwidth: Figure, rtt: Figure, energy: Figure, notes?: string): Link {
  return { id, name, bandwidthBps: bandwidth.value, rttMs: rtt.value, energyNjPerByte: energy.value,
    figures: { bandwidth, rtt, energy }, ...(notes ? { notes } : {}) }
}

export const LINKS: readonly Link[] = [
  link('ble-2m', 'Bluetooth LE 5 (2M PHY)',
    fig(1_402_000, 'assumption', 'best case from the Bluetooth Core 5 packet timing: 2M PHY, data length extension (251 B LL ' +
      'payload = 244 B ATT payload), one 1048 µs packet + 150 µs T_IFS + 44 µs empty ack + 150 µs T_IFS per 244 B → ' +
      '244·8 / 1392 µs = 1.40 Mbit/s; phones often allow less per connection event'),
    fig(15, 'assumption', 'two connection events at the minimum 7.5 ms connection interval (Bluetooth Core spec range ' +
      '7.5 ms–4 s): one for the request, one for the reply'),
    fig(82, 'assumption', 'nRF52840 product specification, radio TX 0 dBm 1 Mbit/s with DC/DC at 3 V: 4.8 mA (RX 4.6 mA) → ' +
      '14.4 mW radio-on for the 1392 µs exchange of each 244 B payload → 82 nJ/B'),
    'BLE 4.x devices without the 2M PHY or data length extension reach roughly a quarter of this'),
  link('thread', 'IEEE 802.15.4 / Thread (2.4 GHz)',
    fig(100_000, 'assumption', '250 kbit/s O-QPSK PHY (IEEE 802.15.4-2006, 2.4 GHz); 127 B frames carry about 80 B of ' +
      'application payload after MAC and compressed 6LoWPAN/UDP headers; 4.26 ms frame + 0.19 ms turnaround + 0.35 ms ack + ' +
      '~1.25 ms CSMA backoff per frame → ~106 kbit/s single hop, rounded down'),
    fig(20, 'assumption', 'one hop to the border router and back, CSMA backoffs and acknowledgements: a few frame times ' +
      '(~5 ms each) each way'),
    fig(1_100, 'assumption', 'nRF52840 radio at 0 dBm, 4.8 mA at 3 V (product specification, as for BLE) → 14.4 mW for ' +
      '~6.05 ms per 80 B payload frame → ~1.1 µJ/B'),
    'each extra mesh hop divides the throughput and adds to the round trip'),
  link('lora-sf7', 'LoRa SF7 / 125 kHz (EU868)',
    fig(5_470, 'datasheet', 'Semtech SX1276/77/78/79 datasheet, LoRa modem performance table: SF7, 125 kHz bandwidth, ' +
      'nominal bit rate 5470 bit/s (PHY rate; LoRaWAN adds 13 B of header per frame of at most 222 B at SF7)'),
    fig(1_000, 'datasheet', 'LoRaWAN 1.0.x Class A: the first receive window opens RECEIVE_DELAY1 = 1 s after the end of ' +
      'the uplink, so a reply cannot arrive sooner'),
    fig(140_000, 'assumption', 'SX1276 datasheet, supply current in transmit at +13 dBm on RFO: 29 mA; at 3.3 V that is ' +
      '95.7 mW for 8/5470 s per byte → 140 µJ/B'),
    'EU868 sub-bands allow a 1 % duty cycle (ETSI EN 300 220): after a transfer the device must stay silent 99× its airtime, ' +
      'so the sustained rate is about 55 bit/s'),
  link('wifi-esp32', 'Wi-Fi 802.11n (ESP32 class)',
    fig(20_000_000, 'measurement', 'Espressif, ESP-IDF programming guide, Wi-Fi driver throughput table for the ESP32: ' +
      'iperf TCP TX about 20 Mbit/s in the air in a lab (up to ~70 Mbit/s in a shield box)'),
    fig(5, 'assumption', 'one round trip to a host on the same access point: a few ms with power save off'),
    fig(240, 'assumption', 'ESP32 datasheet, RF power consumption: transmit 802.11n MCS7 at +14 dBm 180 mA; at 3.3 V ' +
      '594 mW for 8/20e6 s per byte → 238 nJ/B (receive and power-save wake-ups excluded)'),
    'modem sleep between inferences needs a reassociation or beacon wait that this round trip does not include'),
  link('lte-m', 'LTE-M (Cat-M1)',
    fig(180_000, 'datasheet', 'nRF9160 product specification, modem current consumption table: Cat-M1 uplink at ' +
      '180 kbit/s (RMC per 3GPP TS 36.521-1 Annex A.2); Cat-M1 peaks at 1 Mbit/s (375 kbit/s half duplex)'),
    fig(100, 'assumption', 'device to an internet server: 3GPP targets 10–15 ms of radio-access latency for Cat-M1, but ' +
      'scheduling, the operator core and the internet path typically add tens of ms'),
    fig(16_400, 'assumption', 'nRF9160 product specification: uplink 180 kbit/s at 23 dBm, 100 mA (band 13); at 3.7 V ' +
      '370 mW for 8/180e3 s per byte → 16.4 µJ/B'),
    'connection set-up from PSM or eDRX (about 1.5 s and 105 mJ for a tracking-area update, nRF9160 specification) is not included'),
  link('nb-iot', 'NB-IoT (Cat-NB1)',
    fig(20_000, 'assumption', 'Cat-NB1 uplink peaks at about 62.5 kbit/s multi-tone and 16.9 kbit/s single-tone (3GPP ' +
      'Rel-13); 20 kbit/s is a typical sustained uplink in good coverage'),
    fig(2_000, 'assumption', '3GPP TR 45.820 targets a latency under 10 s for NB-IoT exception reports; in good coverage ' +
      'round trips of 1–3 s are common'),
    fig(148_000, 'assumption', 'nRF9160 class modem at 23 dBm drawing about 100 mA at 3.7 V (as its Cat-M1 figure) for ' +
      '8/20e3 s per byte → 148 µJ/B'),
    'coverage-enhancement repetitions multiply both the time and the energy'),
  link('ethernet-100', 'Ethernet 100BASE-TX',
    fig(90_000_000, 'assumption', '100 Mbit/s line rate (IEEE 802.3); TCP payload efficiency 1460/1538 = 94.9 % → ' +
      '94.9 Mbit/s, less a margin for a microcontroller TCP/IP stack'),
    fig(0.5, 'assumption', 'one switch hop on a LAN and the stacks at both ends: well under a millisecond'),
    fig(12, 'assumption', 'a 10/100 PHY draws about 40 mA at 3.3 V while linked (typical of PHY datasheets) = 0.13 W for ' +
      '8/90e6 s per byte → 12 nJ/B'),
    'the PHY draws its power whether or not data flows; only the per-byte share is counted'),
]

export function getLink(id: string): Link | undefined {
  return LINKS.find((l) => l.id === id)
}
