# A Consul server of a 3-server cluster (dev-grade: no ACLs, no TLS).
datacenter = "dc1"
data_dir   = "/consul/data"
client_addr = "0.0.0.0"
retry_join = ["consul-1", "consul-2", "consul-3"]
ui_config { enabled = true }
# Publish check output changes (a node's "N connections" note) at once instead of up to minutes later.
check_update_interval = "0s"
