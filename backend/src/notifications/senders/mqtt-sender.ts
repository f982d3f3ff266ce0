import type { MqttChannelConfig } from '@argus/shared';
import type { MqttConnection } from '../../mqtt/mqtt-connection';
import { Outgoing, SEND_TIMEOUT_MS, SendOutcome, TEST_BODY } from './outgoing';

/**
 * Publishes the Alert JSON (or `{type: "test", message}`) to the channel's topic at QoS 1
 * on the instance's broker connection; delivered once the broker acknowledges (PUBACK).
 */
export async function sendMqtt(
  config: MqttChannelConfig,
  outgoing: Outgoing,
  mqtt: MqttConnection | undefined,
): Promise<SendOutcome> {
  if (mqtt === undefined) return { ok: false, detail: 'MQTT is not configured (MQTT_URL is unset)' };
  if (mqtt.status !== 'up') return { ok: false, detail: 'not connected to the MQTT broker' };
  const payload = JSON.stringify(outgoing.type === 'alert' ? outgoing.alert : { type: 'test', message: TEST_BODY });
  try {
    await mqtt.publishAcknowledged(config.topic, payload, SEND_TIMEOUT_MS);
    return { ok: true, detail: 'PUBACK' };
  } catch (error) {
    return {
      ok: false,
      detail: `publish failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 200),
    };
  }
}
