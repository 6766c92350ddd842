// Wiring for --flow-export: the pure exporter over a paced UDP transport, with the capture interface's index when it has one.
import { createFlowExporter } from '../../export/flow-exporter.js';
import type { FlowExporter } from '../../export/flow-exporter.js';
import { flowExportOptions } from '../../export/flow-export-options.js';
import type { FlowExportSettings } from '../../export/flow-export-options.js';
import { listInterfaces } from '../host/linux-host.js';
import { createUdpFlowTransport } from './udp-flow-transport.js';
import type { UdpTransportOptions } from './udp-flow-transport.js';

/**
 * `interfaceName`: the live capture interface (null for -r FILE). A real interface's ifindex goes
 * into ingressInterface/egressInterface and, for NetFlow v9, an options record naming it; "any"
 * and files have none, so those fields are left out of the templates. `report` gets one line per
 * outage and one when it is over (make it inert before a terminal sees it: it names the host).
 */
export function createUdpFlowExporter(
  settings: FlowExportSettings,
  interfaceName: string | null,
  report: (message: string) => void,
  transportOptions: UdpTransportOptions = {},
): FlowExporter {
  const index = interfaceName === null ? undefined : listInterfaces().find((i) => i.name === interfaceName)?.index;
  const exportInterface = index !== undefined && Number.isInteger(index) && index > 0 ? { index, name: interfaceName! } : null;
  const transport = createUdpFlowTransport(settings.target, transportOptions);
  return createFlowExporter(flowExportOptions(settings, exportInterface), transport, report);
}
