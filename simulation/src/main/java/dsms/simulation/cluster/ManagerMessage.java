package dsms.simulation.cluster;

import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;

/**
 * A message for a node the cluster does not simulate (the replica managers, until they exist),
 * kept so that tests can read what the front end reported.
 */
public record ManagerMessage(NodeId from, NodeId to, Message message) {}
