# Ghost: the post page (Casper and the themes built on its classes).
# Ghost's comments load by JavaScript and are not in the page.  Where
# the theme names no author in the post, the page's JSON-LD does.
# Keys and format: see netno(1), section PROFILES.
name: ghost
kind: blog_post
hint: Ghost
match: //meta[@name='generator'][starts-with(@content,'Ghost')]
post: (//article[contains(concat(' ',normalize-space(@class),' '),' post ') or contains(@class,'post-full') or contains(@class,'article')] | //*[contains(@class,'post-content') or contains(@class,'gh-content')][not(ancestor::article)])[1]
author: .//*[contains(@class,'author-name')]//a | .//a[contains(@href,'/author/')][normalize-space(.)]
author_url: (.//*[contains(@class,'author-name')]//a | .//a[contains(@href,'/author/')][normalize-space(.)])/@href
date: .//time[@datetime] | //time[@datetime]
text: descendant-or-self::*[contains(@class,'gh-content') or contains(@class,'post-content') or contains(@class,'post-full-content')]
quote: .//aside[contains(@class,'quote')]
next_page: //link[@rel='next']/@href
