"""Call sources that talk to real telephony: Asterisk AMI, baresip's ctrl_tcp, a local HTTP inbox."""
