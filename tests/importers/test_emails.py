"""Addresses hidden by a CDN's e-mail obfuscation are recovered, or said to be lost."""

from lxml import html

from communique.importers.emails import decode_cfemail, encode_cfemail, recover_emails


def test_a_cloudflare_code_decodes_with_its_first_byte():
    assert decode_cfemail("5a2a283f29291a2d3f3636292a2833343d743f223b372a363f7435283d") == (
        "press@wellspring.example.org"
    )


def test_any_key_round_trips():
    for key in (0x01, 0x7F, 0xFE):
        assert decode_cfemail(encode_cfemail("info@water.example.org", key)) == (
            "info@water.example.org"
        )


def test_garbage_is_no_address():
    assert decode_cfemail("zz") is None
    assert decode_cfemail("") is None
    assert decode_cfemail(encode_cfemail("not an address")) is None


def test_hidden_addresses_are_replaced_in_the_page_and_lost_ones_counted():
    code = encode_cfemail("desk@wellspring.example.org")
    root = html.document_fromstring(
        "<html><body>"
        f'<p>Write to <a href="/cdn-cgi/l/email-protection#{code}">[email protected]</a> today.</p>'
        f'<p><span class="__cf_email__" data-cfemail="{code}">[email protected]</span></p>'
        '<p>E-Mail: <a href="/cdn-cgi/l/email-protection">[email&#160;protected]</a></p>'
        "</body></html>"
    )
    found, lost = recover_emails(root)
    assert found == ["desk@wellspring.example.org", "desk@wellspring.example.org"]
    assert lost == 1
    assert "Write to desk@wellspring.example.org today." in root.text_content()
