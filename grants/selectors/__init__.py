"""Reads on grants: lists scoped to the user, finance figures, conversions, the officers' queues.

Other apps (the portal, donor reports, the public site) read grants through these modules.
"""
